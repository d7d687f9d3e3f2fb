import { parsePrometheusText, sumBy } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads samples with labels, escapes, special values and timestamps', () => {
    const text = [
      '# HELP hookstream_consumer_lag Records behind',
      '# TYPE hookstream_consumer_lag gauge',
      'hookstream_consumer_lag{topic="hookstream.events"} 12',
      'hookstream_consumer_lag{topic="hookstream.deliveries",} 0',
      'odd{a="x\\"y\\\\z\\n",b = "2"} 1.5e3 1712345678000',
      'process_start_time_seconds 1795000000',
      'bucket{le="+Inf"} +Inf',
      'nan NaN',
      '',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'hookstream_consumer_lag', labels: { topic: 'hookstream.events' }, value: 12 },
      { name: 'hookstream_consumer_lag', labels: { topic: 'hookstream.deliveries' }, value: 0 },
      { name: 'odd', labels: { a: 'x"y\\z\n', b: '2' }, value: 1500 },
      { name: 'process_start_time_seconds', labels: {}, value: 1795000000 },
      { name: 'bucket', labels: { le: '+Inf' }, value: Infinity },
      { name: 'nan', labels: {}, value: NaN },
    ]);
  });

  it('skips lines that do not parse instead of failing', () => {
    const text = 'good 1\n{bad} 2\nbroken{a="1" 3\nnovalue{a="1"}\nworse abc\nalso_good{x="1"} -2';
    expect(parsePrometheusText(text).map((sample) => sample.name)).toEqual(['good', 'also_good']);
  });

  it('sums a metric by one label', () => {
    const samples = parsePrometheusText(
      [
        'a{outcome="success",attempt="1"} 3',
        'a{outcome="success",attempt="2"} 2',
        'a{outcome="failure",attempt="1"} 1',
        'b{outcome="success"} 100',
      ].join('\n'),
    );
    expect(sumBy(samples, 'a', 'outcome')).toEqual(
      new Map([
        ['success', 5],
        ['failure', 1],
      ]),
    );
  });
});
