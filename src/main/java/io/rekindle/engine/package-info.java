/**
 * The process engine behind a seam: the only package that knows the engine (Camunda 7).
 * Features call these adapters with plain Java types and the package's own small types ({@link
 * io.rekindle.engine.Step}, {@link io.rekindle.engine.Variable}, {@link io.rekindle.engine.StepError}…); the
 * package depends on no feature. Moving to Operaton, the maintained fork ({@code org.operaton.*}), means changing
 * this package only, and engine internals ({@code ..impl..}) are touched in {@link io.rekindle.engine.EngineInternals}
 * alone. {@code ModularityTest} holds the code to that.
 */
package io.rekindle.engine;
