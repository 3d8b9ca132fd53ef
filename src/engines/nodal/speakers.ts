/**
 * The speaker ring (McIlwain & Pietsch 1996, §1, §3.2): nodes sit on a circle and each firing sounds in its node's
 * speaker. With fewer speakers than nodes, groups of neighbouring nodes share one (32 nodes on 16 or 8 speakers).
 * Each speaker has its own MIDI channel; MIDI has 16, so speakers 17–32 reuse channels 1–16 on a second MIDI port.
 */

/**
 * The speaker of a node: ⌊node · speakers / nodes⌋, so speaker s serves a contiguous arc of the ring.
 * @example
 * speakerOfNode(31, 32, 8); // → 7
 */
export function speakerOfNode(node: number, nodes: number, speakers: number): number {
  return Math.floor((node * speakers) / nodes);
}

/** MIDI channels per port. */
export const MIDI_CHANNELS = 16;

/**
 * The MIDI channel (0–15) and port (0, 1, …) of a speaker: channel = speaker mod 16, port = ⌊speaker / 16⌋.
 * Every speaker of a ring up to 16 has its own channel on port 0 (channel 10 too: here it is a speaker, not the
 * General MIDI drum channel).
 * @example
 * speakerMidiAddress(17); // → { channel: 1, port: 1 }
 */
export function speakerMidiAddress(speaker: number): { channel: number; port: number } {
  return { channel: speaker % MIDI_CHANNELS, port: Math.floor(speaker / MIDI_CHANNELS) };
}
