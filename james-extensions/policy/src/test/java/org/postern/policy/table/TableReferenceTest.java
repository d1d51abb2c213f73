package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postern.config.InvalidConfigurationException;

class TableReferenceTest {

    private static final Path CONF = Path.of("/opt/postern/conf");
    private static final String ACCEPTED = "file, cidr, regexp, pcre, db (and Postfix's hash, texthash, lmdb, "
        + "btree, cdb, dbm, sdbm, read as file:)";

    @Test
    void fileReferenceResolvesARelativePathAgainstTheConfigurationDirectory() {
        TableReference reference = TableReference.parse("file:tables/../tables/access", CONF);

        assertThat(reference.type()).isEqualTo(TableType.FILE);
        assertThat(reference.path()).isEqualTo(Path.of("/opt/postern/conf/tables/access"));
        assertThat(reference.name()).isEqualTo("/opt/postern/conf/tables/access");
        assertThat(reference.written()).isEqualTo("file:tables/../tables/access");
        assertThat(reference).hasToString("file:tables/../tables/access");
    }

    @Test
    void absolutePathIsKept() {
        assertThat(TableReference.parse("cidr:/etc/postfix/clients.cidr", CONF).path())
            .isEqualTo(Path.of("/etc/postfix/clients.cidr"));
    }

    @ParameterizedTest
    @CsvSource({"hash, FILE", "texthash, FILE", "lmdb, FILE", "btree, FILE", "cdb, FILE", "dbm, FILE",
        "sdbm, FILE", "file, FILE", "cidr, CIDR", "regexp, REGEXP", "pcre, PCRE", "HASH, FILE"})
    void postfixTypesAreAccepted(String prefix, TableType type) {
        assertThat(TableReference.parse(prefix + ":/etc/postfix/access", CONF).type()).isEqualTo(type);
    }

    @Test
    void postfixIndexedTypesAreTheSameTableAsTheirTextSource() {
        TableReference hash = TableReference.parse("hash:/opt/postern/conf/access", CONF);
        TableReference file = TableReference.parse("file:access", CONF);

        assertThat(hash).isEqualTo(file).hasSameHashCodeAs(file);
        assertThat(TableReference.parse("cidr:access", CONF)).isNotEqualTo(file);
    }

    @Test
    void databaseReference() {
        TableReference reference = TableReference.parse(" db:recipient_access-2 ", CONF);

        assertThat(reference.type()).isEqualTo(TableType.DB);
        assertThat(reference.name()).isEqualTo("recipient_access-2");
        assertThatThrownBy(reference::path).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownTypeNamesTheReferenceAndTheAcceptedTypes() {
        assertThatThrownBy(() -> TableReference.parse("mysql:/etc/postfix/mysql.cf", CONF))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("bad table reference \"mysql:/etc/postfix/mysql.cf\": unknown table type \"mysql\"; "
                + "accepted types: " + ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:", "db:", "hash:  "})
    void emptyNameNamesTheReferenceAndTheAcceptedTypes(String written) {
        assertThatThrownBy(() -> TableReference.parse(written, CONF))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("bad table reference \"" + written.strip() + "\": the table name after")
            .hasMessageEndingWith("is empty; accepted types: " + ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"access", ":access", ""})
    void missingTypeNamesTheAcceptedTypes(String written) {
        assertThatThrownBy(() -> TableReference.parse(written, CONF))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("bad table reference \"" + written + "\": expected type:name, where type is one of "
                + ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"db:Blocked", "db:a b", "db:a/b", "db:../x"})
    void badDatabaseTableName(String written) {
        assertThatThrownBy(() -> TableReference.parse(written, CONF))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("bad table reference \"" + written
                + "\": a db: table name is 1 to 64 characters among a-z, 0-9, _ and -");
    }

    @Test
    void originIsPrefixedToTheMessage() {
        assertThatThrownBy(() -> TableReference.parse("nope:x", CONF, "conf/smtp.properties line 12"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("conf/smtp.properties line 12: bad table reference \"nope:x\": ");
    }
}
