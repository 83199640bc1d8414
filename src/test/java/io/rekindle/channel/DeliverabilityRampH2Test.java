package io.rekindle.channel;

/** The deliverability ramp on the embedded H2 database. */
class DeliverabilityRampH2Test extends DeliverabilityRampTestBase {
}
