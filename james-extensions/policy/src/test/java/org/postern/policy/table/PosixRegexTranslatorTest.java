package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PosixRegexTranslatorTest {

    private static boolean posixFinds(String posix, boolean extended, String input) {
        int flags = Pattern.UNIX_LINES | Pattern.DOTALL;
        return Pattern.compile(PosixRegexTranslator.fromPosix(posix, extended, false), flags).matcher(input).find();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "[[:alnum:]]+@ => abc1@x => true",
        "^[[:digit:]]+$ => 123 => true",
        "^[[:digit:]]+$ => 12a => false",
        "[[:space:]] => a b => true",
        "^[^[:upper:]]+$ => abc => true",
        "[]x] => ] => true",
        "[^]x] => ] => false",
        "[a\\] => \\ => true",
        "[a&&b] => & => true",
        "[[=a=]] => a => true",
        "^a{2}$ => aa => true",
        "(foo|bar)$ => xbar => true",
        "\\<word\\> => a word here => true",
        "\\<word\\> => swordfish => false",
    })
    void extendedSyntaxMeansWhatItMeansToGlibc(String posix, String input, boolean found) {
        assertThat(posixFinds(posix, true, input)).isEqualTo(found);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "\\(ab\\)\\{2\\} => abab => true",
        "(ab) => (ab) => true",
        "a+ => a+ => true",
        "a+ => aa => false",
        "a\\+ => aa => true",
        "a|b => a|b => true",
        "a\\|b => b => true",
        "*a => *a => true",
        "^*a => *a => true",
        "\\(*a\\) => *a => true",
        "a^b => a^b => true",
        "a$b => a$b => true",
        "^ab$ => ab => true",
        "{1} => {1} => true",
    })
    void basicSyntaxUsesBackslashedOperators(String posix, String input, boolean found) {
        assertThat(posixFinds(posix, false, input)).isEqualTo(found);
    }

    @Test
    void dollarWithoutMultilineMatchesOnlyAtTheVeryEnd() {
        assertThat(posixFinds("a$", true, "a\n")).isFalse();
        assertThat(posixFinds("a$", false, "a\n")).isFalse();
        assertThat(posixFinds("a.b", true, "a\nb")).isTrue();
    }

    @Test
    void pcreOnlyNeedsItsBracketClassesRewritten() {
        String java = PosixRegexTranslator.fromPcre("^[[:alpha:][:^digit:]\\]]+\\d$");

        assertThat(java).isEqualTo("^[\\p{Alpha}\\P{Digit}\\]]+\\d$");
    }

    @Test
    void unknownClassAndUnclosedBracketAreSyntaxErrors() {
        assertThatThrownBy(() -> PosixRegexTranslator.fromPosix("[[:nope:]]", true, false))
            .isInstanceOf(PatternSyntaxException.class)
            .hasMessageContaining("unknown character class [:nope:]");
        assertThatThrownBy(() -> PosixRegexTranslator.fromPosix("[abc", true, false))
            .isInstanceOf(PatternSyntaxException.class)
            .hasMessageContaining("unclosed bracket expression");
        assertThatThrownBy(() -> PosixRegexTranslator.fromPosix("abc\\", true, false))
            .isInstanceOf(PatternSyntaxException.class)
            .hasMessageContaining("trailing backslash");
    }

    @Test
    void multilineKeepsDollarAsALineAnchor() {
        String java = PosixRegexTranslator.fromPosix("a$", true, true);

        assertThat(Pattern.compile(java, Pattern.MULTILINE | Pattern.UNIX_LINES).matcher("a\nb").find()).isTrue();
    }
}
