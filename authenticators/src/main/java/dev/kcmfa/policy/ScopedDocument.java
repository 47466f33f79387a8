package dev.kcmfa.policy;

/** A policy document with the scope it was stored under, e.g. {@code group:/staff}. */
record ScopedDocument(String scope, PolicyDocument document) {
}
