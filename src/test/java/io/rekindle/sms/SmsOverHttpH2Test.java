package io.rekindle.sms;

/** The SMS suite on the embedded database. */
class SmsOverHttpH2Test extends SmsOverHttpTestBase {
}
