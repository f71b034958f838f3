package io.botgrid.bots.plugins.internal;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one plugin version: its own jar first, so two versions (or a plugin and the node) may carry
 * different versions of one library; the JDK, the handler SPI ({@code io.botgrid.bots}) and the worker SPI
 * ({@code io.botgrid.workers.spi}) always from the parent, so the plugin's handler and function types are the node's types.
 */
final class ChildFirstLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final String SPI = "io.botgrid.bots.";
    private static final String WORKER_SPI = "io.botgrid.workers.spi.";

    ChildFirstLoader(String name, URL jar, ClassLoader parent) {
        super(name, new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (parentFirst(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notHere) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    /** The JDK's classes and the SPIs' (their own packages, not sub-packages) come from the parent. */
    private static boolean parentFirst(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith(SPI) && name.indexOf('.', SPI.length()) < 0
                || name.startsWith(WORKER_SPI) && name.indexOf('.', WORKER_SPI.length()) < 0;
    }
}
