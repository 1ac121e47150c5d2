import ArgumentParser

/// sift's exit statuses, documented in `sift --help` and the README.
enum SiftExit {
    /// 0: success, even when malformed records were skipped (they are reported on stderr).
    static let success = ExitCode.success
    /// 1: runtime failure: no usable input, an I/O error, an unknown format under `--input-format`.
    static let failure = ExitCode.failure
    /// 64: usage error (bad option or argument), from ArgumentParser's `validationFailure`.
    static let usage = ExitCode.validationFailure
    /// 65 (`EX_DATAERR`): bad data under `--strict`, or violations found by `sift emf validate`.
    static let dataError = ExitCode(65)

    /// The text for `--help` and the README.
    static let discussion = """
        EXIT STATUS
          0   success (malformed records are skipped, counted and reported on stderr)
          1   runtime failure (no usable input, I/O error)
          64  usage error
          65  bad data: a malformed record under --strict, or EMF violations from `emf validate`
        A closed output pipe (`sift cat x.gz | head -1`) ends sift quietly with status 0.
        """
}
