package io.rekindle.survey;

/** The survey page end to end on the embedded default database (H2). */
class SurveyOverHttpH2Test extends SurveyOverHttpTestBase {
}
