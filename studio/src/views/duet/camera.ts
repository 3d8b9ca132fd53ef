/**
 * A camera as the duet's input, on the page: getUserMedia, each new frame drawn onto a small canvas at the working
 * size (160×120), turned to grey (ITU-R BT.601 luma) and pushed through the core's
 * MotionTracker (analysis/video/motion.ts, the same code `neuromusic` runs on a video file). Each frame's features
 * become one motion sample for the engine in the worker: the frame number, the raw motion energy, the envelope the
 * listener hears (the energy over its running peak) and the height of the moving mass.
 *
 *   camera ─► MediaStreamTrackProcessor (or <video> + requestVideoFrameCallback) ─► canvas 160×120 ─► grey
 *          ─► MotionTracker ─► sample ─► worker
 *
 * Frames are read as the camera delivers them: from a MediaStreamTrackProcessor where the browser has one
 * (Chromium), which hands over every frame whether or not the page is rendering, so a busy page does not lose
 * frames; otherwise from a hidden <video> as it presents them (requestVideoFrameCallback, or an animation-frame
 * poll). Each is stamped with its capture time, so that the view can time the way from the lens to the speakers:
 * the browser's captureTime for a presented frame; for a processor's frame its timestamp, which runs on the
 * browser's own clock, aligned to the page's by the quickest frame's arrival (so the time a frame spends before
 * reaching the page is measured from the fastest frame's, a lower bound). The buffers are made in the constructor and `start`; per frame only the pixels read
 * back from the canvas and the message to the worker are new.
 */
import { MotionTracker, type MotionFrame } from 'neuromusic/analysis';

/** Working size the frames are reduced to (pixels). */
export const CAMERA_WIDTH = 160;
export const CAMERA_HEIGHT = 120;
/** Time constant of the running peak the envelope is divided by (s): a minute's loudest motion sets the scale slowly. */
const PEAK_SECONDS = 8;
/**
 * Least running peak (motion energy): below it the envelope is the energy over this, so a still picture's faint
 * residue (a cell flickering past the noise floor) stays faint instead of being scaled up to 1. A hand waved in
 * view gives 0.01–0.05.
 */
const PEAK_FLOOR = 0.004;
/** Frames whose times the fps is measured over (about a second). */
const FPS_FRAMES = 30;

/** One frame's features as the view keeps them. */
export interface CameraSample {
  frame: number;
  /** performance.now() when the frame was captured (the browser's captureTime, or its arrival on the page), ms. */
  captureMs: number;
  /** performance.now() when its features were ready, ms. */
  readyMs: number;
  energy: number;
  /** Energy over its running peak, 0 … 1: what the listener hears. */
  envelope: number;
  /** Centroid of the moving mass, 0 left … 1 right, 0 bottom … 1 top (smoothed, held while nothing moves). */
  x: number;
  y: number;
  /** Dominant motion frequency, Hz (NaN: none yet). */
  frequencyHz: number;
}

/** Why the camera cannot be used, said so a person can act on it. */
export class CameraUnavailable extends Error {
  override name = 'CameraUnavailable';
}

/** The user-facing reason for a getUserMedia failure. */
export function cameraProblem(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'The camera was not allowed: let this page use it (the camera icon in the address bar) and press Camera again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found: plug one in and press Camera again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another program may be using it.';
    default:
      return `The camera could not be started${err instanceof Error && err.message ? `: ${err.message}` : ''}.`;
  }
}

/** Chromium's MediaStreamTrackProcessor (not in every browser, nor in TypeScript's DOM types yet). */
type TrackProcessor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?(cb: (now: number, metadata: { captureTime?: number; mediaTime: number }) => void): number;
  cancelVideoFrameCallback?(handle: number): void;
};

export class CameraInput {
  /** The video the camera plays into where there is no track processor (hidden). */
  readonly video: FrameCallbackVideo;
  /** The last frame at the working size, in colour (what the tracker sees). */
  readonly picture = document.createElement('canvas');
  /** The camera's own frame size. */
  sourceWidth = 0;
  sourceHeight = 0;
  /** The latest frame's features (the same object, rewritten). */
  readonly latest: CameraSample = { frame: -1, captureMs: 0, readyMs: 0, energy: 0, envelope: 0, x: 0.5, y: 0.5, frequencyHz: NaN };
  /** Whether the frames carry the browser's capture time (else their arrival on the page). */
  captureTimes = false;
  private stream: MediaStream | undefined;
  private tracker: MotionTracker | undefined;
  private reader: ReadableStreamDefaultReader<VideoFrame> | undefined;
  /** Page clock minus the frames' timestamp clock, ms: the least seen (the quickest frame's arrival). */
  private clockOffset = Infinity;
  private g: CanvasRenderingContext2D | undefined;
  private readonly grey = new Uint8Array(CAMERA_WIDTH * CAMERA_HEIGHT);
  private readonly frameTimes = new Float64Array(FPS_FRAMES);
  private frames = 0;
  private peak = PEAK_FLOOR;
  private lastMediaTime = -1;
  private handle = 0;
  private polling = false;
  /** Milliseconds the last frame took on the page: draw, grey, tracker. */
  processMs = 0;

  constructor(private readonly onSample: (sample: CameraSample) => void) {
    this.video = document.createElement('video') as FrameCallbackVideo;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.className = 'duet-camera-video';
    this.picture.width = CAMERA_WIDTH;
    this.picture.height = CAMERA_HEIGHT;
  }

  get running(): boolean {
    return this.stream !== undefined;
  }

  /** Frames a second over the last second or so (0 before two frames). */
  fps(): number {
    const n = Math.min(this.frames, FPS_FRAMES);
    if (n < 2) return 0;
    const newest = this.frameTimes[(this.frames - 1) % FPS_FRAMES]!;
    const oldest = this.frameTimes[(this.frames - n) % FPS_FRAMES]!;
    return newest > oldest ? ((n - 1) * 1000) / (newest - oldest) : 0;
  }

  /** Asks for the camera and starts taking frames; rejects with a CameraUnavailable saying why it cannot. */
  async start(): Promise<void> {
    if (this.stream) return;
    if (!navigator.mediaDevices?.getUserMedia) throw new CameraUnavailable('This page cannot reach a camera: the browser offers none here (a camera needs http://localhost or https).');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 2 * CAMERA_WIDTH }, height: { ideal: 2 * CAMERA_HEIGHT }, frameRate: { ideal: 30 } },
        audio: false,
      });
    } catch (err) {
      throw new CameraUnavailable(cameraProblem(err));
    }
    const track = stream.getVideoTracks()[0];
    if (!track) {
      for (const t of stream.getTracks()) t.stop();
      throw new CameraUnavailable('The camera gave no picture.');
    }
    this.stream = stream;
    const fps = track.getSettings().frameRate ?? 30;
    this.tracker = new MotionTracker({ width: CAMERA_WIDTH, height: CAMERA_HEIGHT, fps: fps > 0 ? fps : 30 });
    this.g = this.picture.getContext('2d', { willReadFrequently: true }) ?? undefined;
    this.frames = 0;
    this.peak = PEAK_FLOOR;
    this.lastMediaTime = -1;
    this.clockOffset = Infinity;
    Object.assign(this.latest, { frame: -1, energy: 0, envelope: 0, x: 0.5, y: 0.5, frequencyHz: NaN });
    track.addEventListener('ended', () => this.stop());
    const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
    if (Processor) {
      // At most three frames wait: a page that falls further behind drops the oldest rather than lag.
      this.reader = new Processor({ track, maxBufferSize: 3 }).readable.getReader();
      void this.pump(this.reader);
      return;
    }
    this.video.srcObject = stream;
    try {
      await this.video.play();
    } catch (err) {
      this.stop();
      throw new CameraUnavailable(cameraProblem(err));
    }
    this.next();
  }

  /** Stops the camera (the light goes off) and the frames. */
  stop(): void {
    if (this.handle && this.video.cancelVideoFrameCallback) this.video.cancelVideoFrameCallback(this.handle);
    this.handle = 0;
    this.polling = false;
    void this.reader?.cancel().catch(() => undefined);
    this.reader = undefined;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
    this.video.srcObject = null;
  }

  /** Reads the track processor's frames until the camera stops. */
  private async pump(reader: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
    for (;;) {
      let result: ReadableStreamReadResult<VideoFrame>;
      try {
        result = await reader.read();
      } catch {
        return; // cancelled: the camera was stopped
      }
      if (result.done) return;
      const frame = result.value;
      try {
        if (this.reader !== reader) return;
        const arrival = performance.now();
        const stamp = frame.timestamp / 1000;
        this.clockOffset = Math.min(this.clockOffset, arrival - stamp);
        this.sourceWidth = frame.displayWidth;
        this.sourceHeight = frame.displayHeight;
        this.take(frame, stamp + this.clockOffset, arrival);
      } finally {
        frame.close();
      }
    }
  }

  private next(): void {
    if (!this.stream) return;
    if (this.video.requestVideoFrameCallback) {
      this.handle = this.video.requestVideoFrameCallback((_now, metadata) => {
        this.handle = 0;
        this.fromVideo(metadata.mediaTime, metadata.captureTime);
        this.next();
      });
    } else if (!this.polling) {
      // Without frame callbacks: look for a new frame on every animation frame.
      this.polling = true;
      const poll = (): void => {
        if (!this.stream || !this.polling) return;
        this.fromVideo(this.video.currentTime, undefined);
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    }
  }

  /** The video presented a frame (or may have: `mediaTime` tells a new one). */
  private fromVideo(mediaTime: number, captureTime: number | undefined): void {
    if (mediaTime === this.lastMediaTime || this.video.videoWidth === 0) return;
    this.lastMediaTime = mediaTime;
    this.sourceWidth = this.video.videoWidth;
    this.sourceHeight = this.video.videoHeight;
    const arrival = performance.now();
    this.take(this.video, captureTime !== undefined && captureTime > 0 ? captureTime : undefined, arrival);
  }

  /** A new frame: grey at the working size, through the tracker, out as a sample. */
  private take(source: CanvasImageSource, captureTime: number | undefined, started: number): void {
    if (!this.tracker || !this.g) return;
    this.g.drawImage(source, 0, 0, CAMERA_WIDTH, CAMERA_HEIGHT);
    const rgba = this.g.getImageData(0, 0, CAMERA_WIDTH, CAMERA_HEIGHT).data;
    const grey = this.grey;
    // BT.601 luma in fixed point: (77 R + 150 G + 29 B) / 256.
    for (let i = 0, j = 0; i < grey.length; i++, j += 4) grey[i] = (77 * rgba[j]! + 150 * rgba[j + 1]! + 29 * rgba[j + 2]!) >> 8;
    const f: MotionFrame = this.tracker.push(grey);
    const ready = performance.now();
    const dt = this.frames > 0 ? (started - this.frameTimes[(this.frames - 1) % FPS_FRAMES]!) / 1000 : 0;
    this.frameTimes[this.frames % FPS_FRAMES] = started;
    this.frames++;
    this.peak = Math.max(f.energy, PEAK_FLOOR, this.peak * Math.exp(-dt / PEAK_SECONDS));
    const s = this.latest;
    this.captureTimes = captureTime !== undefined;
    s.frame = f.index;
    s.captureMs = this.captureTimes ? Math.min(captureTime!, started) : started;
    s.readyMs = ready;
    s.energy = f.energy;
    s.envelope = Math.min(1, f.energy / this.peak);
    s.x = f.x;
    s.y = Math.min(1, Math.max(0, f.y));
    s.frequencyHz = f.frequencyHz;
    this.processMs = ready - started;
    this.onSample(s);
  }
}
