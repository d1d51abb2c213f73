package org.postern.server;

import java.nio.file.Path;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

/**
 * Where James finds {@code file://conf/} and {@code file://var/}: the configuration directory and the data
 * directory, which need not sit side by side (a package keeps conf in /etc, data in /var/lib; a container
 * mounts them separately).
 */
final class PosternDirectories implements JamesDirectoriesProvider {
    private final Path home;
    private final Path conf;
    private final Path data;

    PosternDirectories(Path home, Path conf, Path data) {
        this.home = home;
        this.conf = conf;
        this.data = data;
    }

    @Override
    public String getAbsoluteDirectory() {
        return "/";
    }

    @Override
    public String getConfDirectory() {
        return conf + "/";
    }

    @Override
    public String getVarDirectory() {
        return data + "/";
    }

    @Override
    public String getRootDirectory() {
        return home.toString();
    }
}
