import { UpdatedIndex } from './updated-index';

describe('UpdatedIndex', () => {
  const item = (rev: number, updatedAt: number) => ({ rev, updatedAt });

  it('scans live items in (updated_at, rev) order and skips superseded entries', () => {
    const index = new UpdatedIndex<{ rev: number; updatedAt: number }>();
    const a = item(1, 100);
    const b = item(2, 200);
    index.touch(a, false);
    index.touch(b, false);
    a.rev = 3;
    a.updatedAt = 300;
    index.touch(a, true);
    expect([...index.scan(0)]).toEqual([b, a]);
    expect([...index.scan(index.firstAfter(200, 2))]).toEqual([a]);
  });

  it('keeps order when the clock goes backwards', () => {
    const index = new UpdatedIndex<{ rev: number; updatedAt: number }>();
    const late = item(1, 500);
    const early = item(2, 100);
    index.touch(late, false);
    index.touch(early, false);
    expect([...index.scan(0)]).toEqual([early, late]);
  });
});
