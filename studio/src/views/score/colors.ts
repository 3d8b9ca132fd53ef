/** Colours of voices (parts), distinct on a dark background; the bright form marks notes that sound now. */
const VOICES = ['#4f9dff', '#ff8a4c', '#52d19a', '#d36cf0', '#f2c94c', '#ff5f7e', '#41c7d9', '#a1e05a'];
const BRIGHT = ['#a9ceff', '#ffc3a3', '#a6efcf', '#ecb8fa', '#fae5a6', '#ffb0bf', '#a2ebf5', '#d3f5ab'];

export function voiceColor(voice: number, bright = false): string {
  const k = ((voice % VOICES.length) + VOICES.length) % VOICES.length;
  return (bright ? BRIGHT : VOICES)[k]!;
}
