/**
 * The daily classification of contacts by inactivity: the DMN decision tables (evaluated by the engine's DMN engine
 * or compiled for the whole base), the streamed run over every contact, the segments it records and publishes to
 * the journeys.
 */
package io.rekindle.classification;
