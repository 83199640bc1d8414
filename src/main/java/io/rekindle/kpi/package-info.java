/**
 * Figures for marketing and operations: per-journey funnels, sends, opens, clicks, conversions and revenue
 * attributed within a window, the dashboard page and the operations metrics.
 */
package io.rekindle.kpi;
