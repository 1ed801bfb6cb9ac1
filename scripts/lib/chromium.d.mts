/** The Chromium binary: `CHROMIUM_PATH`, else Debian's. */
export declare const chromiumPath: string;
/** Launch flags. */
export declare const chromiumArgs: string[];
