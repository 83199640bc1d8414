package io.rekindle.kpi;

/** The KPI suite on the embedded database. */
class KpiH2Test extends KpiTestBase {
}
