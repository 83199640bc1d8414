package io.rekindle.gdpr;

/** GDPR erasure on the embedded default database (H2). */
class GdprErasureH2Test extends GdprErasureTestBase {
}
