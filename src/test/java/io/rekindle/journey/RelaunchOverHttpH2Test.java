package io.rekindle.journey;

/** The end-to-end suite on the embedded default database (H2). */
class RelaunchOverHttpH2Test extends RelaunchOverHttpTestBase {
}
