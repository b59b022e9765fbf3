import { FIRST_PAGE, nextPaging, pageNumberOf, previousPaging } from './keyset-paging';

describe('keyset paging', () => {
  it('goes forward with the next cursor and back through the cursors seen', () => {
    const second = nextPaging(FIRST_PAGE, 'c2');
    const third = nextPaging(second, 'c3');
    expect(pageNumberOf(third)).toBe(3);
    expect(previousPaging(third)).toEqual(second);
    expect(previousPaging(previousPaging(third))).toEqual(FIRST_PAGE);
  });

  it('stays on the first page when there is nothing before it', () => {
    expect(previousPaging(FIRST_PAGE)).toBe(FIRST_PAGE);
  });
});
