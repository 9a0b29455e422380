// piexifjs ships no types; the lab uses it to write EXIF into test images (never in the app).
declare module 'piexifjs' {
  type IfdValue = string | number | number[] | [number, number][];
  interface ExifDict {
    '0th'?: Record<number, IfdValue>;
    Exif?: Record<number, IfdValue>;
    GPS?: Record<number, IfdValue>;
  }
  const piexif: {
    /** EXIF dict → the APP1 payload as a binary string. */
    dump(dict: ExifDict): string;
    /** Inserts the payload into a JPEG given as a binary string (or data URL); returns the same form. */
    insert(exif: string, jpeg: string): string;
    ImageIFD: Record<string, number>;
    ExifIFD: Record<string, number>;
    GPSIFD: Record<string, number>;
  };
  export default piexif;
}
