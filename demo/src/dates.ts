// A tiny demo file for WeaverGen. Put the cursor on the comment below and run
// "WeaverGen: Generate" — the function is written under the comment.

// weaver: parse an ISO date (YYYY-MM-DD) into a Date, throwing on invalid input
