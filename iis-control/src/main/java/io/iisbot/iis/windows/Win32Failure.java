package io.iisbot.iis.windows;

/**
 * A failed native call and its Win32, HRESULT or PDH code, thrown by the thin native seams ({@link
 * ScmApi}, {@link ProcessApi}, {@link CounterApi}) and turned into an {@link
 * io.iisbot.iis.IisException} by their callers, who know the operation and the target. Carries no
 * Windows message text, so nothing with a path can leak from it.
 */
final class Win32Failure extends RuntimeException {

  private final int code;

  Win32Failure(int code) {
    super(io.iisbot.iis.IisException.formatCode(code), null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
