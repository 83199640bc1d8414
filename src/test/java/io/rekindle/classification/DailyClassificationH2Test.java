package io.rekindle.classification;

/** The classification run on the embedded default database (H2). */
class DailyClassificationH2Test extends DailyClassificationTestBase {
}
