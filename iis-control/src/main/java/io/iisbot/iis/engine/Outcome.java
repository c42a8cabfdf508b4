package io.iisbot.iis.engine;

/** How an operation ended. */
public enum Outcome {
  /** Every step done and every check passed. */
  SUCCEEDED,
  /** Every step done, but verification found something left over (e.g. an orphan w3wp). */
  PARTIALLY_SUCCEEDED,
  /** A step failed; later steps did not run. */
  FAILED,
  /**
   * Aborted at a safe point (a step boundary or inside a wait); what the operation had changed was
   * undone where it could be, and the findings say what was undone and what was not.
   */
  CANCELLED
}
