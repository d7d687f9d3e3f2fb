'use strict';
var __decorate =
  (this && this.__decorate) ||
  function (decorators, target, key, desc) {
    var c = arguments.length,
      r =
        c < 3
          ? target
          : desc === null
            ? (desc = Object.getOwnPropertyDescriptor(target, key))
            : desc,
      d;
    if (typeof Reflect === 'object' && typeof Reflect.decorate === 'function')
      r = Reflect.decorate(decorators, target, key, desc);
    else
      for (var i = decorators.length - 1; i >= 0; i--)
        if ((d = decorators[i]))
          r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return (c > 3 && r && Object.defineProperty(target, key, r), r);
  };
var __metadata =
  (this && this.__metadata) ||
  function (k, v) {
    if (typeof Reflect === 'object' && typeof Reflect.metadata === 'function')
      return Reflect.metadata(k, v);
  };
var __param =
  (this && this.__param) ||
  function (paramIndex, decorator) {
    return function (target, key) {
      decorator(target, key, paramIndex);
    };
  };
var KafkaModule_1;
Object.defineProperty(exports, '__esModule', { value: true });
exports.KafkaModule = void 0;
const common_1 = require('@nestjs/common');
const kafka_client_1 = require('./kafka-client');
const kafka_producer_service_1 = require('./kafka-producer.service');
const kafka_tokens_1 = require('./kafka.tokens');
const topic_admin_service_1 = require('./topic-admin.service');
const TOPIC_SPECS = Symbol('TOPIC_SPECS');
let KafkaModule = (KafkaModule_1 = class KafkaModule {
  topicAdmin;
  topics;
  constructor(topicAdmin, topics) {
    this.topicAdmin = topicAdmin;
    this.topics = topics;
  }
  async onModuleInit() {
    await this.topicAdmin.ensureTopics(this.topics);
  }
  static forRoot({ topics, ...client }) {
    return {
      module: KafkaModule_1,
      global: true,
      providers: [
        {
          provide: kafka_tokens_1.KAFKA_CLIENT,
          useFactory: () => (0, kafka_client_1.createKafkaClient)(client),
        },
        { provide: TOPIC_SPECS, useValue: topics },
        kafka_producer_service_1.KafkaProducer,
        topic_admin_service_1.TopicAdmin,
      ],
      exports: [
        kafka_tokens_1.KAFKA_CLIENT,
        kafka_producer_service_1.KafkaProducer,
        topic_admin_service_1.TopicAdmin,
      ],
    };
  }
});
exports.KafkaModule = KafkaModule;
exports.KafkaModule =
  KafkaModule =
  KafkaModule_1 =
    __decorate(
      [
        (0, common_1.Module)({}),
        __param(1, (0, common_1.Inject)(TOPIC_SPECS)),
        __metadata('design:paramtypes', [topic_admin_service_1.TopicAdmin, Array]),
      ],
      KafkaModule,
    );
//# sourceMappingURL=kafka.module.js.map
