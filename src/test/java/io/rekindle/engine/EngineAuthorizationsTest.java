package io.rekindle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The configured administrator is one of the engine's administrators at every start, whatever the group is called:
 * what carries an installation from Camunda's camunda-admin to Operaton's operaton-admin (proven on the real move by
 * the outside-in EngineSwitchPostgresIT of the Operaton build).
 */
@RekindleIntegrationTest
class EngineAuthorizationsTest {

    @Autowired
    EngineAuthorizations seeding;
    @Autowired
    IdentityService identity;
    @Value("${rekindle.security.admin-user}")
    String administrator;

    @Test
    void anAdministratorOutsideTheEnginesAdministratorsGroupIsBackInItAtTheNextStart() {
        String group = Role.ADMINISTRATOR.groupId();
        assertThat(identity.createUserQuery().memberOfGroup(group).userId(administrator).count()).isEqualTo(1);
        identity.deleteMembership(administrator, group);
        assertThat(identity.createUserQuery().memberOfGroup(group).userId(administrator).count()).isZero();

        seeding.seed();

        assertThat(identity.createUserQuery().memberOfGroup(group).userId(administrator).count()).isEqualTo(1);
        seeding.seed(); // a second start adds nothing: one membership
        assertThat(identity.createUserQuery().memberOfGroup(group).list()).extracting("id").containsOnlyOnce(administrator);
    }
}
