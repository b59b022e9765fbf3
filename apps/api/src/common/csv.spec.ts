import { PassThrough } from 'node:stream';
import { csvCell, writeCsv } from './csv';

describe('CSV', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)'])('keeps a spreadsheet from running %s as a formula', (value) => {
    expect(csvCell(value).replace(/^"/, '')).toMatch(/^'/);
  });

  it('streams the header and every batch, then ends', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    async function* batches() {
      yield [{ a: 1, b: 'x,y' }];
      yield [];
      yield [
        { a: 2, b: null },
        { a: 3, b: '=1+1' },
      ];
    }
    await writeCsv(out, ['a', 'b'], batches(), (row) => [row.a, row.b]);
    await new Promise((resolve) => out.on('end', resolve));
    expect(chunks.join('')).toBe('a,b\n1,"x,y"\n2,\n3,\'=1+1\n');
  });

  it('waits for a slow reader instead of buffering the whole export', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    async function* batches() {
      for (let n = 0; n < 5; n++) yield [{ text: 'x'.repeat(40) }];
    }
    let finished = false;
    const writing = writeCsv(out, ['text'], batches(), (row) => [row.text]).then(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(false);
    out.resume();
    await writing;
    expect(finished).toBe(true);
  });
});
