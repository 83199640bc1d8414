package io.rekindle.deliverability;

/** The deliverability ramp on the embedded H2 database. */
class DeliverabilityRampH2Test extends DeliverabilityRampTestBase {
}
