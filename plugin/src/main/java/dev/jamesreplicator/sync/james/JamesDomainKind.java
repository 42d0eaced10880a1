package dev.jamesreplicator.sync.james;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.lib.AbstractDomainList;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.sync.ServerDataKind;

/**
 * This server's domains through James's {@code DomainList} (docs/server-data.md): the domains it
 * stores, each an item without a value. Not the domains James detects from the host's name and
 * addresses: they are each node's own, not data an administrator made.
 */
public final class JamesDomainKind implements ServerDataKind {
    private final DomainList domains;

    public JamesDomainKind(DomainList domains) {
        this.domains = domains;
    }

    @Override
    public String name() {
        return ServerDataChange.DOMAIN;
    }

    @Override
    public Map<String, String> items() throws Exception {
        Map<String, String> items = new TreeMap<>();
        for (Domain domain : stored()) {
            items.put(ServerDataChange.domainKey(domain), "");
        }
        return items;
    }

    @Override
    public Optional<String> value(String key) throws Exception {
        return stored().contains(Domain.of(key)) ? Optional.of("") : Optional.empty();
    }

    @Override
    public void put(String key, String value, Optional<String> replacing) throws Exception {
        domains.addDomain(Domain.of(key));
    }

    @Override
    public void remove(String key) throws Exception {
        domains.removeDomain(Domain.of(key));
    }

    /**
     * The stored domains: {@code AbstractDomainList.getDomainListInternal}, which James's API
     * keeps protected ({@code getDomains} adds the detected ones); another list, all of them.
     */
    @SuppressWarnings("unchecked")
    private List<Domain> stored() throws Exception {
        if (!(domains instanceof AbstractDomainList)) {
            return domains.getDomains();
        }
        try {
            Method internal = AbstractDomainList.class.getDeclaredMethod("getDomainListInternal");
            internal.setAccessible(true);
            return (List<Domain>) internal.invoke(domains);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }
}
