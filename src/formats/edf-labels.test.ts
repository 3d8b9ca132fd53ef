import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasShared, sharedData } from '../../test/helpers/shared.js';
import { readEdf, type EdfFile } from './edf.js';
import { writeEdf } from './edf-write.js';
import { electrodeName, pickChannels } from './edf-labels.js';
import { ELECTRODE_POSITIONS_MM } from './edf-electrodes.js';

const EPOC = ['AF3', 'F7', 'F3', 'FC5', 'T7', 'P7', 'O1', 'O2', 'P8', 'T8', 'FC6', 'F4', 'F8', 'AF4'];

function fileWith(labels: string[]): EdfFile {
  return readEdf(writeEdf({ sampleRate: 2, signals: labels.map((label) => ({ label, data: [0, 1] })) }));
}

describe('electrodeName', () => {
  it('reads the spellings of BCI2000, clinical and sleep recordings as 10–10 names', () => {
    const cases: Array<[string, string | undefined]> = [
      ['Fp1.', 'Fp1'], ['Fc5.', 'FC5'], ['O1..', 'O1'], ['Fcz.', 'FCz'], ['Af3.', 'AF3'], ['Iz..', 'Iz'], ['T10.', 'T10'],
      ['EEG Fp1-REF', 'Fp1'], ['EEG Fp1', 'Fp1'], ['FP1', 'Fp1'], ['fp1', 'Fp1'], ['EEG Fpz-Cz', 'Fpz'], ['EEG Pz-Oz', 'Pz'],
      ['EEG T3', 'T7'], ['T4', 'T8'], ['EEG T5', 'P7'], ['T6', 'P8'], ['  Oz  ', 'Oz'], ['EEG:C3', 'C3'],
      ['ECG', undefined], ['EOG horizontal', undefined], ['Status', undefined], ['EEG A2-A1', undefined], ['', undefined], ['Fp', undefined],
    ];
    for (const [label, name] of cases) expect(electrodeName(label), label).toBe(name);
  });

  it('has a position for every 10–10 name it returns, on a head of about 9 cm radius', () => {
    for (const [name, [x, y, z]] of Object.entries(ELECTRODE_POSITIONS_MM)) {
      expect(electrodeName(name)).toBe(name);
      expect(Math.hypot(x, y, z - 20), name).toBeGreaterThan(70);
      expect(Math.hypot(x, y, z - 20), name).toBeLessThan(140);
    }
  });
});

describe('pickChannels', () => {
  it('finds electrodes by their normalised labels, in the order asked', () => {
    const picked = pickChannels(fileWith(['ECG', 'O2..', 'EEG O1-REF']), ['o1', 'O2']);
    expect(picked.map((p) => [p.position, p.label, p.distanceMm])).toEqual([['O1', 'EEG O1-REF', 0], ['O2', 'O2..', 0]]);
    expect(picked[0]!.signal.label).toBe('EEG O1-REF');
  });

  it('takes the nearest electrode when asked, with its distance on the template head', () => {
    const file = fileWith(['EEG Fp1', 'EEG F3', 'EEG F7', 'EEG C3', 'EEG T3']);
    const picked = pickChannels(file, ['AF3', 'FC5', 'T7'], { nearest: true });
    // Hand computation from the table: AF3–Fp1 √(4.3² + 7.1² + 28.2²) = 29.4 mm (AF3–F3: 35.7 mm);
    // FC5–F7 √(6.9² + 23.9² + 35.9²) = 43.7 mm (FC5–F3: 46.9, FC5–T7 (T3): 48.9, FC5–C3: 51.4 mm).
    expect(picked.map((p) => [p.position, p.label, p.electrode])).toEqual([['AF3', 'EEG Fp1', 'Fp1'], ['FC5', 'EEG F7', 'F7'], ['T7', 'EEG T3', 'T7']]);
    expect(picked.map((p) => p.distanceMm)).toEqual([expect.closeTo(29.4, 1), expect.closeTo(43.7, 1), 0]);
  });

  it('refuses a missing electrode without nearest, and a wanted name that is no electrode', () => {
    expect(() => pickChannels(fileWith(['Fp1.', 'ECG']), ['AF3', 'AF4'])).toThrow(/no channel for AF3, AF4 \(electrodes in the file: Fp1\); pass \{ nearest: true \}/);
    expect(() => pickChannels(fileWith(['Fp1.']), ['ECG'])).toThrow(/"ECG" is not a 10–10 electrode name/);
    expect(() => pickChannels(fileWith(['ECG']), ['O1'], { nearest: true })).toThrow(/electrodes in the file: none/);
  });
});

describe.skipIf(!hasShared)('the EPOC positions on the shared PhysioNet recordings', () => {
  const read = (file: string): EdfFile => {
    const b = readFileSync(sharedData('edf', 'physionet', file));
    return readEdf(new Uint8Array(b.buffer, b.byteOffset, b.length), { name: file });
  };

  it('resolve exactly on the 64-channel BCI2000 files', () => {
    for (const file of ['S001R01.edf', 'S001R03.edf']) {
      const picked = pickChannels(read(file), EPOC);
      expect(picked.map((p) => p.position)).toEqual(EPOC);
      expect(picked.find((p) => p.position === 'FC5')!.label).toBe('Fc5.');
    }
  });

  it('resolve on the 19-channel Neurocom file, four of them by the nearest electrode', () => {
    const picked = pickChannels(read('Subject00_1.edf'), EPOC, { nearest: true });
    const served = Object.fromEntries(picked.map((p) => [p.position, p.label]));
    expect(served).toMatchObject({ AF3: 'EEG Fp1', AF4: 'EEG Fp2', FC5: 'EEG F7', FC6: 'EEG F8', T7: 'EEG T3', T8: 'EEG T4', P7: 'EEG T5', P8: 'EEG T6', O1: 'EEG O1' });
    expect(picked.filter((p) => p.distanceMm > 0).map((p) => p.position)).toEqual(['AF3', 'FC5', 'FC6', 'AF4']);
    expect(() => pickChannels(read('Subject00_1.edf'), EPOC)).toThrow(/no channel for AF3, FC5, FC6, AF4/);
  });
});
