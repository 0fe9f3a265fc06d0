import { describe, expect, it } from 'vitest';
import { NodeSpeakers } from '../../server/live/node-speakers.ts';

describe('the active speaker of a meeting over several nodes', () => {
  it('is the loudest any node hears, not the latest report', () => {
    const s = new NodeSpeakers();
    expect(s.report('a', 'p1', -40)?.producerId).toBe('p1');
    // B hears someone louder: the stage goes to them.
    expect(s.report('b', 'p2', -20)?.producerId).toBe('p2');
    // A's loudest changes to a quieter site: B's speaker keeps the stage.
    expect(s.report('a', 'p3', -50)?.producerId).toBe('p2');
    // B falls silent: A's loudest is the speaker.
    expect(s.report('b', null, null)).toEqual({ producerId: 'p3', volume: -50 });
    expect(s.report('a', null, null)).toBeNull();
  });

  it('takes the latest of equal volumes, and forgets a closed room', () => {
    const s = new NodeSpeakers();
    s.report('', 'p1', -30);
    expect(s.report('b', 'p2', -30)?.producerId).toBe('p2');
    s.forget('b');
    expect(s.report('c', null, null)?.producerId).toBe('p1');
  });
});
