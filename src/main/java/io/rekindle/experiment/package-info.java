/**
 * Experiments: holdouts and A/B arms. This package holds the pure parts the rest builds on — the deterministic
 * assignment of a contact to an arm ({@link io.rekindle.experiment.Assignment}), the statistics that compare two
 * arms (conversion rates: {@link io.rekindle.experiment.TwoProportionTest}; revenue per contact:
 * {@link io.rekindle.experiment.WelchTest}), the sample size still needed
 * ({@link io.rekindle.experiment.SampleSize}) and the plain sentence a marketer reads
 * ({@link io.rekindle.experiment.Verdict}). No engine, no database: the API computes the counts and sums in SQL
 * and hands them here.
 */
package io.rekindle.experiment;
