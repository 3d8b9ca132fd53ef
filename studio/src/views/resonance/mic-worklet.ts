/**
 * The microphone's samples on the audio thread: an AudioWorklet that copies its input's first channel, 1024 frames
 * at a time, to the page through its port. The audio thread never waits for the page, and a message queued while
 * the page is busy is late, not lost (a track processor drops what the page does not read in time).
 */
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

/** The processor's name (mic-input.ts creates the node by it). */
const MIC_PROCESSOR = 'neuromusic-mic-capture';
const CHUNK = 1024;

class MicCapture extends AudioWorkletProcessor {
  private buffer = new Float32Array(CHUNK);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    let i = 0;
    while (i < channel.length) {
      const n = Math.min(CHUNK - this.filled, channel.length - i);
      this.buffer.set(channel.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === CHUNK) {
        this.port.postMessage({ samples: this.buffer, sampleRate }, [this.buffer.buffer]);
        this.buffer = new Float32Array(CHUNK);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor(MIC_PROCESSOR, MicCapture);
