import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasShared, sharedData } from '../../../../test/helpers/shared.js';
import { connectomeStats, parseConnectome } from './connectome-file.js';

const CSV_HEADER = 'Source,Target,Weight,Type';

describe('connectome files', () => {
  it('reads the Cook edge-list layout, trimming names and padding', () => {
    const c = parseConnectome(`${CSV_HEADER}\nAVAL , DA01          ,5,chemical\nAVBL,VB02,3,electrical\n`, 'mini.csv');
    expect(c.layout).toBe('cook-2019-edgelist');
    expect(c.edges).toEqual([
      { pre: 'AVAL', post: 'DA1', type: 'chemical', weight: 5, line: 2 },
      { pre: 'AVBL', post: 'VB2', type: 'electrical', weight: 3, line: 3 },
    ]);
    expect(c.cells).toEqual(['AVAL', 'DA1', 'AVBL', 'VB2']);
  });

  it('reads the tab-separated White layout', () => {
    const c = parseConnectome('pre\tpost\ttype\tsynapses\nADAL\tADFL\telectrical\t1\nVD3\tdBWML7\tchemical\t4\n', 'mini.tsv');
    expect(c.layout).toBe('white-1986-tsv');
    expect(connectomeStats(c)).toEqual({ edges: 2, chemical: 1, electrical: 1, cells: 4, neurons: 3, muscles: 1 });
  });

  it('names the line and the problem for every kind of bad row', () => {
    const cases: Array<[string, RegExp]> = [
      [`${CSV_HEADER}\nAVAL,DA1,5,chemical\nAVAL,XYZ9,3,chemical\n`, /^bad\.csv: line 3: unknown cell "XYZ9"/],
      [`${CSV_HEADER}\nAVAL,DA1,5,chemical\n\nAVAL,DA01,2,chemical\n`, /^bad\.csv: line 4: duplicate of line 2 \(AVAL → DA1, chemical\)/],
      [`${CSV_HEADER}\nAVAL,DA1,five,chemical\n`, /line 2: synapse count must be a positive number, got "five"/],
      [`${CSV_HEADER}\nAVAL,DA1,-2,chemical\n`, /line 2: synapse count must be a positive number, got "-2"/],
      [`${CSV_HEADER}\nAVAL,DA1,5\n`, /line 2: expected 4 comma-separated fields, found 3/],
      [`${CSV_HEADER}\nAVAL,DA1,5,gap\n`, /line 2: unknown synapse type "gap"/],
      [`${CSV_HEADER}\n,DA1,5,chemical\n`, /line 2: empty presynaptic cell name/],
      ['pre\tpost\ttype\tsynapses\nAVAL\tvBWML24\tchemical\t1\n', /line 2: unknown cell "vBWML24"/],
      ['from,to\nA,B\n', /line 1: unrecognised header/],
      [`${CSV_HEADER}\n`, /no connections after the header/],
      ['', /file is empty/],
    ];
    for (const [text, pattern] of cases) expect(() => parseConnectome(text, 'bad.csv'), text).toThrow(pattern);
  });

  describe.skipIf(!hasShared)('the shared files (../shared/data/connectome)', () => {
    it('herm_full_edgelist.csv: 7,379 edges (4,681 chemical, 2,698 electrical), 448 cells with the 95 body-wall muscles', () => {
      const c = parseConnectome(readFileSync(sharedData('connectome', 'herm_full_edgelist.csv'), 'utf8'), 'herm_full_edgelist.csv');
      expect(connectomeStats(c)).toMatchObject({ edges: 7379, chemical: 4681, electrical: 2698, cells: 448, muscles: 95 });
    });

    it('aconnectome_white_1986_whole.csv: 2,961 edges (2,386 chemical, 575 electrical), 309 cells', () => {
      const c = parseConnectome(readFileSync(sharedData('connectome', 'aconnectome_white_1986_whole.csv'), 'utf8'), 'white.csv');
      expect(connectomeStats(c)).toMatchObject({ edges: 2961, chemical: 2386, electrical: 575, cells: 309 });
    });
  });
});
