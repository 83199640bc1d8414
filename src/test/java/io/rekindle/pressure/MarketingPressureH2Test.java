package io.rekindle.pressure;

/** Marketing pressure on the embedded H2 database. */
class MarketingPressureH2Test extends MarketingPressureTestBase {
}
