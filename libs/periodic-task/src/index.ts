export { PeriodicJob } from './periodic-job';
export { PeriodicTask, type PeriodicTaskOptions } from './periodic-task';
