package io.rekindle.kpi;

/** The KPI suite on the embedded database, with the dashboard in headless Chromium. */
class KpiH2Test extends KpiTestBase {

    @Override
    boolean withBrowser() {
        return true;
    }
}
