import { afterEach, describe, expect, it, vi } from 'vitest';
import { APITimeoutError, APIUserAbortError, MiniMaxError } from '../../src/core/errors.js';
import { Inbox } from '../../src/core/inbox.js';
import { TurnQueue } from '../../src/core/turns.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Inbox', () => {
  it('hands items to the waiting reader, keeps or drops the others as told', async () => {
    const inbox = new Inbox<number>();
    const waiting = inbox.next(0, undefined, 'never');
    inbox.deliver(1, false);
    expect(await waiting).toBe(1);
    inbox.deliver(2, true);
    inbox.deliver(3, false);
    expect(await inbox.next(0, undefined, 'never')).toBe(2);
    inbox.deliver(4, true);
    inbox.deliver(5, true);
    inbox.retain((n) => n % 2 === 1);
    expect(await inbox.next(0, undefined, 'never')).toBe(5);
  });

  it('times out, aborts, and rejects every wait once the source dies', async () => {
    vi.useFakeTimers();
    const inbox = new Inbox<number>();
    const timed = inbox.next(50, undefined, 'quiet for 50 ms');
    vi.advanceTimersByTime(50);
    await expect(timed).rejects.toThrow(APITimeoutError);
    const controller = new AbortController();
    const aborted = inbox.next(0, controller.signal, 'never');
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(APIUserAbortError);
    const interrupted = inbox.next(0, undefined, 'never');
    inbox.interrupt(new MiniMaxError('closing'));
    await expect(interrupted).rejects.toThrow('closing');
    const pending = inbox.next(0, undefined, 'never');
    inbox.die(new MiniMaxError('gone'));
    await expect(pending).rejects.toThrow('gone');
    await expect(inbox.next(0, undefined, 'never')).rejects.toThrow('gone');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('TurnQueue', () => {
  it('grants turns in order; an aborted waiter leaves the queue; rejectAll turns the rest away', async () => {
    const turns = new TurnQueue();
    const order: string[] = [];
    const first = await turns.acquire();
    const controller = new AbortController();
    const second = turns.acquire(controller.signal);
    const third = turns.acquire().then((release) => {
      order.push('third');
      return release;
    });
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(APIUserAbortError);
    first();
    first(); // releasing twice hands on one turn only
    const releaseThird = await third;
    const fourth = turns.acquire();
    turns.rejectAll(new MiniMaxError('closed'));
    await expect(fourth).rejects.toThrow('closed');
    releaseThird();
    expect(order).toEqual(['third']);
    await expect(turns.acquire()).resolves.toBeTypeOf('function');
  });
});
