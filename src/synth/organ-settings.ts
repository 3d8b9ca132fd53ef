/**
 * The organ's settings and their text form (`888000000:perc3,fast,c3`): parsing only, no sound — the command line
 * reads `--instrument` with it without loading the synthesiser (src/synth/organ.ts).
 */

/** The drawbar footages, lowest-sounding first as on the console. */
export const DRAWBAR_FOOTAGES: readonly string[] = ['16′', '5⅓′', '8′', '4′', '2⅔′', '2′', '1⅗′', '1⅓′', '1′'];
/** Frequency ratio of each drawbar to the 8′ fundamental. */
export const DRAWBAR_RATIOS: readonly number[] = [0.5, 1.5, 1, 2, 3, 4, 5, 6, 8];
/** Lowest and highest tone-wheel frequencies (C1 and F#8), Hz: partials fold back inside them. */
export const TONEWHEEL_RANGE_HZ: readonly [number, number] = [32.703, 5919.9];
/** The scanner vibrato's rate, Hz. */
export const VIBRATO_HZ = 6.88;

/** Settings of the organ. */
export interface OrganSettings {
  /** Nine drawbar positions 0–8. */
  drawbars: number[];
  percussion: 'off' | 'second' | 'third';
  percussionDecay: 'fast' | 'slow';
  /** Soft percussion: 6 dB lower. */
  percussionSoft: boolean;
  /** Key-click level 0–1 (0 = none). */
  keyClick: number;
  vibrato: 'off' | 'v1' | 'v2' | 'v3' | 'c1' | 'c2' | 'c3';
}

/** The default organ: the "888000000" jazz registration with third percussion, fast, and chorus C3. */
export const DEFAULT_ORGAN: Readonly<OrganSettings> = { drawbars: [8, 8, 8, 0, 0, 0, 0, 0, 0], percussion: 'third', percussionDecay: 'fast', percussionSoft: false, keyClick: 0.5, vibrato: 'c3' };

/**
 * Parses a registration: nine digits 0–8, one per drawbar, optionally grouped ("88 8000 000").
 * @example
 * parseRegistration('888000000'); // → [8, 8, 8, 0, 0, 0, 0, 0, 0]
 */
export function parseRegistration(text: string): number[] {
  const digits = text.replace(/[\s_-]/g, '');
  if (!/^[0-8]{9}$/.test(digits)) throw new RangeError(`"${text}" is not a registration: give nine drawbar digits 0–8, e.g. 888000000`);
  return [...digits].map(Number);
}

/**
 * Parses an organ description: a registration, then comma-separated options — perc2 or perc3 (percussion on the 2nd or
 * 3rd harmonic), fast or slow, soft, noperc, click=0…1 (or noclick), v1 v2 v3 c1 c2 c3 (vibrato / chorus) or novib.
 * @example
 * parseOrganSettings('888000000:perc3,slow,v2').vibrato; // → 'v2'
 */
export function parseOrganSettings(text: string): OrganSettings {
  const [registration, options] = text.split(':', 2) as [string, string | undefined];
  const settings: OrganSettings = { ...DEFAULT_ORGAN, drawbars: registration.trim() === '' ? [...DEFAULT_ORGAN.drawbars] : parseRegistration(registration) };
  for (const raw of (options ?? '').split(',')) {
    const o = raw.trim().toLowerCase();
    if (o === '') continue;
    if (o === 'perc2') settings.percussion = 'second';
    else if (o === 'perc3') settings.percussion = 'third';
    else if (o === 'noperc') settings.percussion = 'off';
    else if (o === 'fast' || o === 'slow') settings.percussionDecay = o;
    else if (o === 'soft') settings.percussionSoft = true;
    else if (o === 'noclick') settings.keyClick = 0;
    else if (/^click=/.test(o)) {
      const v = Number(o.slice(6));
      if (!(v >= 0 && v <= 1)) throw new RangeError(`"${raw}": the key click is a level from 0 to 1`);
      settings.keyClick = v;
    } else if (o === 'novib') settings.vibrato = 'off';
    else if (/^[vc][123]$/.test(o)) settings.vibrato = o as OrganSettings['vibrato'];
    else throw new RangeError(`"${raw}" is not an organ option (perc2, perc3, noperc, fast, slow, soft, click=0…1, noclick, v1–v3, c1–c3, novib)`);
  }
  return settings;
}
