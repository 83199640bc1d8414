package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static final List<Arm> HOLDOUT_A_B = List.of(new Arm("holdout", 5), new Arm("A", 50), new Arm("B", 45));
    private static final int CONTACTS = 100_000;

    /**
     * χ² critical value at the 0.999 quantile for 2 degrees of freedom: 13.816 (NIST/SEMATECH e-Handbook of
     * Statistical Methods, §1.3.6.7.4, "Critical values of the chi-square distribution"). The ids are fixed, so each
     * check below is deterministic: it passes or fails the same way on every run; the 0.1 % level only says how
     * unlucky a correct hash would have to be to fail it once and for all.
     */
    private static final double CHI_SQUARE_2_DF_999 = 13.816;

    @Test
    void theSameContactSaltAndArmsGiveTheSameArm() {
        Assignment one = new Assignment("winback-2026", HOLDOUT_A_B);
        Assignment other = new Assignment("winback-2026", List.copyOf(HOLDOUT_A_B));
        for (long id = 1; id <= 1_000; id++) {
            assertThat(other.armFor(id)).isEqualTo(one.armFor(id));
            assertThat(one.armFor(id)).isEqualTo(one.armFor(id));
        }
        assertThat(one.arms()).isEqualTo(HOLDOUT_A_B);
        assertThat(one.salt()).isEqualTo("winback-2026");
    }

    @Test
    void thePositionIsSha256OfSaltColonIdSoEveryJvmAndNodeAgrees() {
        // expected values from coreutils: printf 'winback-2026:42' | sha256sum → 1f096572…,
        // printf 'global-control:7' | sha256sum → cb698bbb…; their first 32 bits, unsigned
        assertThat(Assignment.position("winback-2026", 42)).isEqualTo(0x1f096572L);
        assertThat(Assignment.position("global-control", 7)).isEqualTo(0xcb698bbbL);
        // bucket = floor(0x1f096572 × 100 / 2^32) = floor(12.12…) = 12, in A's [5, 55)
        assertThat(new Assignment("winback-2026", HOLDOUT_A_B).armFor(42)).isEqualTo("A");
        // bucket = floor(0xcb698bbb × 100 / 2^32) = floor(79.45…) = 79, in B's [55, 100)
        assertThat(new Assignment("global-control", HOLDOUT_A_B).armFor(7)).isEqualTo("B");
    }

    @Test
    void over100000ContactsTheArmsGetTheirWeightsShare() {
        Map<String, Long> counts = count(new Assignment("winback-2026", HOLDOUT_A_B));
        long[] observed = {counts.get("holdout"), counts.get("A"), counts.get("B")};
        double[] expected = {0.05 * CONTACTS, 0.50 * CONTACTS, 0.45 * CONTACTS};

        assertThat(new ChiSquareTest().chiSquare(expected, observed)).isLessThan(CHI_SQUARE_2_DF_999);
        // and in plain terms: each share within half a point of its weight (4 standard errors is under 0.3 points)
        for (int i = 0; i < observed.length; i++) {
            assertThat((double) observed[i] / CONTACTS).isCloseTo(expected[i] / CONTACTS,
                    within(0.005));
        }
    }

    @Test
    void differentSaltsSplitIndependently() {
        // a global control group (5 %) and a journey's A/B split: the global control's members must spread over A and
        // B like everyone else — the 2×2 table of the two assignments shows no association
        Assignment global = new Assignment("global-control", List.of(new Arm("control", 5), new Arm("rest", 95)));
        Assignment journey = new Assignment("winback-2026", List.of(new Arm("A", 50), new Arm("B", 50)));
        long[][] table = new long[2][2];
        for (long id = 1; id <= CONTACTS; id++) {
            table[global.armFor(id).equals("control") ? 0 : 1][journey.armFor(id).equals("A") ? 0 : 1]++;
        }
        // 1 degree of freedom: critical value at 0.999 is 10.828 (same NIST table)
        assertThat(new ChiSquareTest().chiSquare(table)).isLessThan(10.828);
        // and with a third salt over three arms: 2 degrees of freedom
        Assignment other = new Assignment("winback-2027", HOLDOUT_A_B);
        long[][] table3 = new long[3][2];
        List<String> names = List.of("holdout", "A", "B");
        for (long id = 1; id <= CONTACTS; id++) {
            table3[names.indexOf(other.armFor(id))][journey.armFor(id).equals("A") ? 0 : 1]++;
        }
        assertThat(new ChiSquareTest().chiSquare(table3)).isLessThan(CHI_SQUARE_2_DF_999);
    }

    @Test
    void movingWeightBetweenAdjacentArmsMovesOnlyContactsBetweenThem() {
        // documented behaviour: positions never move, only boundaries. Holdout 5 / A 50 / B 45 → holdout 5 / A 60 /
        // B 35 (same total): the holdout is untouched, A keeps all its contacts, about 10 % move from B to A
        Assignment before = new Assignment("winback-2026", HOLDOUT_A_B);
        Assignment after = new Assignment("winback-2026",
                List.of(new Arm("holdout", 5), new Arm("A", 60), new Arm("B", 35)));
        long moved = 0;
        for (long id = 1; id <= CONTACTS; id++) {
            String was = before.armFor(id);
            String is = after.armFor(id);
            if (was.equals("holdout") || was.equals("A")) {
                assertThat(is).as("contact %d", id).isEqualTo(was);
            } else if (!is.equals(was)) {
                assertThat(is).isEqualTo("A");
                moved++;
            }
        }
        assertThat((double) moved / CONTACTS).isCloseTo(0.10, within(0.005));
    }

    @Test
    void changingTheTotalShiftsBoundariesProportionally() {
        // documented behaviour: holdout 5 / A 50 / B 45 → holdout 5 / A 50 / B 40 (total 95): the holdout's boundary
        // moves from 5/100 to 5/95, so every holdout contact stays in the holdout, which also gains some of A
        Assignment before = new Assignment("winback-2026", HOLDOUT_A_B);
        Assignment after = new Assignment("winback-2026",
                List.of(new Arm("holdout", 5), new Arm("A", 50), new Arm("B", 40)));
        for (long id = 1; id <= 20_000; id++) {
            if (before.armFor(id).equals("holdout")) {
                assertThat(after.armFor(id)).isEqualTo("holdout");
            }
        }
    }

    @Test
    void anArmOfWeightZeroGetsNobody() {
        Assignment stopped = new Assignment("winback-2026",
                List.of(new Arm("A", 1), new Arm("B", 0), new Arm("C", 1)));
        assertThat(LongStream.rangeClosed(1, 10_000).mapToObj(stopped::armFor)).doesNotContain("B");
    }

    @Test
    void badArmsAreRefused() {
        assertThatThrownBy(() -> new Assignment(" ", HOLDOUT_A_B)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Assignment("s", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Assignment("s", List.of(new Arm("A", 1), new Arm("A", 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Assignment("s", List.of(new Arm("A", 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Arm("A", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Assignment("s", List.of(new Arm("A", Integer.MAX_VALUE), new Arm("B", 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Long> count(Assignment assignment) {
        return LongStream.rangeClosed(1, CONTACTS).mapToObj(assignment::armFor)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
}
