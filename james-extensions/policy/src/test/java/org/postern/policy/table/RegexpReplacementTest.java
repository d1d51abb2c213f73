package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexpReplacementTest {

    private static String expand(String pattern, String input, String result) {
        Matcher matcher = Pattern.compile(pattern).matcher(input);
        assertThat(matcher.find()).isTrue();
        return RegexpReplacement.parse(result).expand(matcher);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "550 Use $1 instead | 550 Use joe instead",
        "550 Use ${1}@${2} instead | 550 Use joe@example.com instead",
        "550 Use $(1)@$(2) instead | 550 Use joe@example.com instead",
        "costs $$5 | costs $5",
        "$1. | joe.",
        "$2$1 | example.comjoe",
        "no substitution | no substitution",
    })
    void substitutesGroupsAsPostfixDoes(String result, String expected) {
        assertThat(expand("^(.*)-outgoing@(.*)$", "joe-outgoing@example.com", result)).isEqualTo(expected);
    }

    @Test
    void groupThatDidNotTakePartIsReplacedByNothing() {
        assertThat(expand("^(a)|(b)$", "b", "[$1][$2]")).isEqualTo("[][b]");
    }

    @Test
    void reportsTheHighestGroup() {
        assertThat(RegexpReplacement.parse("$3 and $1").highestGroup()).isEqualTo(3);
        assertThat(RegexpReplacement.parse("OK").highestGroup()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "REJECT $ | empty macro name in \"REJECT $\" (write $1, ${1} or $(1) for a group, $$ for a $ sign)",
        "REJECT $1abc | non-numeric replacement index \"1abc\"",
        "REJECT $name | non-numeric replacement index \"name\"",
        "REJECT $0 | out-of-range replacement index \"0\"",
        "REJECT ${1 | truncated macro reference: \"REJECT ${1\"",
    })
    void malformedResultsAreRefused(String result, String reason) {
        assertThatThrownBy(() -> RegexpReplacement.parse(result))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(reason);
    }
}
