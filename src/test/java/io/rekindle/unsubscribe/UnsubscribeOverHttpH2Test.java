package io.rekindle.unsubscribe;

/** The unsubscribe suite on the embedded default database (H2). */
class UnsubscribeOverHttpH2Test extends UnsubscribeOverHttpTestBase {
}
