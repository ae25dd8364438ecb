package org.inocds.feedback;

/** Feedback on the embedded default database (H2, in memory for the test). */
class FeedbackH2Test extends FeedbackContract {}
