// Types for the parts of Verovio's npm package (6.x, which ships none) that the engraver uses.
declare module 'verovio/wasm' {
  /** Instantiates the Emscripten module (the WebAssembly toolkit, embedded in the file). */
  export default function createVerovioModule(): Promise<unknown>;
}

declare module 'verovio/esm' {
  export interface VerovioTimemapEntry {
    tstamp: number;
    qstamp: number;
    on?: string[];
    off?: string[];
    tempo?: number;
    measureOn?: string;
  }
  export class VerovioToolkit {
    constructor(module: unknown);
    getVersion(): string;
    setOptions(options: Record<string, unknown>): void;
    loadData(data: string): boolean;
    getPageCount(): number;
    renderToSVG(page: number, xmlDeclaration?: boolean): string;
    renderToTimemap(options?: Record<string, unknown>): VerovioTimemapEntry[];
    getPageWithElement(id: string): number;
    getLog(): string;
  }
}
