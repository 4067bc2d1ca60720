import { describe, expect, it } from 'vitest';
import {
  expectationText,
  formatChange,
  formatMetric,
  formatRelative,
  metricChoices,
  metricLabel,
  parseExpected,
  periodLabel,
  verdictTone,
} from './metrics';

/** Non-breaking spaces read as spaces. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('metrics display', () => {
  it('formats values by unit', () => {
    expect(plain(formatMetric(12.46, 'hours'))).toBe('12.5 h');
    expect(plain(formatMetric(47.9, 'hours'))).toBe('47.9 h');
    expect(plain(formatMetric(48, 'hours'))).toBe('2 days');
    expect(plain(formatMetric(200, 'hours'))).toBe('8.3 days');
    expect(plain(formatMetric(0.5, 'hours'))).toBe('30 min');
    expect(plain(formatMetric(0.0417, 'share'))).toBe('4.2 %');
    expect(formatMetric(3.5, 'deploys', 'week')).toBe('3.5 per week');
    expect(formatMetric(24, 'deploys', 'month')).toBe('24 per month');
    expect(formatMetric(-12.5, 'points')).toBe('\u221212.5');
    expect(formatMetric(30, 'points')).toBe('+30');
    expect(formatMetric(4.567, '')).toBe('4.57');
    expect(formatMetric(null, 'hours')).toBe('—');
  });

  it('formats changes, signed, and relative changes as percentages', () => {
    expect(plain(formatChange(-5.24, 'hours'))).toBe('\u22125.2 h');
    expect(plain(formatChange(72, 'hours'))).toBe('+3 days');
    expect(plain(formatChange(-0.031, 'share'))).toBe('\u22123.1 pp');
    expect(formatChange(1.5, 'deploys')).toBe('+1.5 per week');
    expect(plain(formatChange(12, 'points'))).toBe('+12 points');
    expect(formatChange(0, '')).toBe('0');
    expect(plain(formatRelative(-0.42))).toBe('\u221242 %');
    expect(plain(formatRelative(0.055))).toBe('+5.5 %');
    expect(formatRelative(null)).toBe('—');
  });

  it('reads the expected change typed in % as a fraction', () => {
    expect(parseExpected('-20')).toBe(-0.2);
    expect(parseExpected('−20 %')).toBe(-0.2);
    expect(parseExpected('+15')).toBe(0.15);
    expect(parseExpected('12.5%')).toBe(0.125);
    expect(parseExpected('  ')).toBeNull();
    expect(parseExpected('-100')).toBe(-1);
    expect(() => parseExpected('-101')).toThrow('below −100 %');
    expect(() => parseExpected('lots')).toThrow('is not a percentage');
    expect(() => parseExpected('1e3')).toThrow('is not a percentage');
  });

  it('names metrics, periods, verdicts and what was expected', () => {
    expect(metricLabel('lead_time')).toBe('Lead time for changes');
    expect(metricLabel('onboarding_days')).toBe('Onboarding days');
    expect(metricChoices(['lead_time', 'nps', 'onboarding_days'])).toEqual([
      'deployment_frequency',
      'lead_time',
      'change_failure_rate',
      'time_to_restore',
      'nps',
      'csat',
      'onboarding_days',
    ]);
    expect(periodLabel('2026-01')).toBe('Jan 2026');
    expect(periodLabel('2026-W05')).toBe('2026-W05');
    expect([verdictTone('improved'), verdictTone('worsened'), verdictTone('no clear change'), verdictTone('not enough data')]).toEqual([
      'good',
      'bad',
      'neutral',
      'neutral',
    ]);
    expect(plain(expectationText(-0.2, 1.64))).toBe('expected \u221220 %, realized 164 % of it');
    expect(plain(expectationText(0.1, null))).toBe('expected +10 %');
    expect(expectationText(null, null)).toBe('');
  });
});
