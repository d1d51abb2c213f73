package org.postern.policy.table;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The {@code if ... endif} nesting of a regexp or cidr table while it is parsed. Rules are kept in one flat
 * list; an "if" rule records the index just past its block, so a lookup whose key does not match the "if"
 * condition jumps over the whole block (as Postfix's dict_regexp and cidr_match do).
 */
final class IfBlocks {

    private record OpenBlock(int ruleIndex, LogicalLine line) {
    }

    private final Deque<OpenBlock> open = new ArrayDeque<>();

    /** An "if" rule was added at {@code ruleIndex}. */
    void open(int ruleIndex, LogicalLine line) {
        open.push(new OpenBlock(ruleIndex, line));
    }

    /** An "endif" was read: the index of the "if" rule it closes. */
    int close(LogicalLine line) {
        if (open.isEmpty()) {
            throw line.error("endif without a matching if");
        }
        return open.pop().ruleIndex();
    }

    /** At the end of the file: every "if" must have been closed. */
    void checkAllClosed() {
        if (!open.isEmpty()) {
            throw open.peek().line().error("if has no matching endif");
        }
    }

    /**
     * True when the text starts with the keyword in any case followed by a non-alphanumeric character or the
     * end, the way Postfix recognises IF and ENDIF (so {@code if/x/} is an "if", {@code iffy} is not).
     */
    static boolean startsWithKeyword(String text, String keyword) {
        if (!text.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return false;
        }
        if (text.length() == keyword.length()) {
            return true;
        }
        char next = text.charAt(keyword.length());
        return !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9'));
    }
}
