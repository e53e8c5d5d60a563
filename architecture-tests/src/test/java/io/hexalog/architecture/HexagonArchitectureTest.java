package io.hexalog.architecture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The main code keeps every boundary rule; each rule is proven able to fail by {@code HexagonRuleFixtureTest}. */
class HexagonArchitectureTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(HexagonRule.class)
    void mainCodeRespectsTheBoundary(HexagonRule rule) {
        rule.forRoot(HexalogClasses.ROOT).check(HexalogClasses.main());
    }
}
