/**
 * A CSV source read as text in pieces of about 1 MB, so memory is bounded by the piece, not the
 * file. Byte sources are decoded as a stream (a character split across reads stays whole); a
 * UTF-8 BOM is dropped, and so are NUL characters: Marketo's bulk extracts can carry them (Airbyte
 * and tap-marketo strip them), and no column means anything by one.
 */

export type CsvSource = File | Blob | string | ReadableStream<Uint8Array | string>;

const READ_PIECE_CHARS = 1 << 20;

export function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

export interface TextPieces {
  pieces: AsyncGenerator<string>;
  bytesRead(): number;
  totalBytes: number;
}

export interface ReadTextOptions {
  /** Text encoding of byte sources (TextDecoder label). Default utf-8. */
  encoding?: string;
  /** Size of a ReadableStream when known, for progress. */
  totalBytes?: number;
}

export function readText(source: CsvSource, options: ReadTextOptions): TextPieces {
  let bytes = 0;
  if (typeof source === 'string') {
    const text = withoutNul(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
    return {
      totalBytes: text.length,
      bytesRead: () => bytes,
      pieces: (async function* () {
        for (let start = 0; start < text.length; start += READ_PIECE_CHARS) {
          const piece = text.slice(start, start + READ_PIECE_CHARS);
          bytes += piece.length;
          yield piece;
        }
      })(),
    };
  }
  const stream = source instanceof Blob ? (source.stream() as ReadableStream<Uint8Array>) : source;
  const totalBytes = source instanceof Blob ? source.size : (options.totalBytes ?? 0);
  return {
    totalBytes,
    bytesRead: () => bytes,
    pieces: (async function* () {
      const decoder = new TextDecoder(options.encoding ?? 'utf-8');
      const reader = stream.getReader();
      let first = true;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          let text: string;
          if (typeof value === 'string') {
            bytes += value.length;
            text = value;
          } else {
            bytes += value.byteLength;
            text = decoder.decode(value, { stream: true });
          }
          if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          text = withoutNul(text);
          if (text) first = false;
          if (text) yield text;
        }
        const rest = withoutNul(decoder.decode());
        if (rest) yield rest;
      } finally {
        // Stops the underlying file/network read when the import ends early (cancel, fatal error).
        await reader.cancel().catch(() => undefined);
      }
    })(),
  };
}
