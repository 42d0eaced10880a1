package dev.jamesreplicator.jpa;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.jpa.JPAUsersDAO;
import org.apache.james.user.jpa.model.JPAUser;
import org.apache.james.user.lib.UsersRepositoryImpl;

/**
 * The stored password hashes of James's {@code JPAUsersRepository}: its {@code JPAUser} entity
 * ({@code JamesUser}, table {@code JAMES_USER}) keeps a user's hash and the name of its algorithm,
 * and James gives no way to read or set them but by a password in clear. Read and written through
 * the repository's own {@code EntityManagerFactory} with JPQL on the entity's attributes; a new user
 * is persisted and given its hash in one transaction, so no reader ever sees it without it
 * (docs/server-data.md). Each value is {@code algorithm hash}; neither contains a space.
 */
public final class JpaUserPasswords {
    private static final String ALL = "SELECT user.name, user.alg, user.password FROM JamesUser user";
    private static final String ONE = "SELECT user.alg, user.password FROM JamesUser user WHERE user.name = :name";
    private static final String SET = "UPDATE JamesUser user SET user.alg = :alg, user.password = :password,"
        + " user.version = user.version + 1 WHERE user.name = :name";
    /** The algorithm whose hash of a password is a constant: the new entity holds it only inside its transaction. */
    private static final String PLACEHOLDER_ALGORITHM = "NONE";

    private final EntityManagerFactory factory;

    private JpaUserPasswords(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /**
     * The factory of {@code repository}, a {@code JPAUsersRepository}: James keeps it in the repository's DAO ({@code usersDAO}, a
     * protected field of {@code UsersRepositoryImpl}; {@code JPAUsersDAO.entityManagerFactory},
     * private) and gives no getter.
     */
    public static JpaUserPasswords of(UsersRepository repository) throws ReflectiveOperationException {
        Field dao = UsersRepositoryImpl.class.getDeclaredField("usersDAO");
        dao.setAccessible(true);
        Field factory = JPAUsersDAO.class.getDeclaredField("entityManagerFactory");
        factory.setAccessible(true);
        return new JpaUserPasswords((EntityManagerFactory) factory.get(dao.get(repository)));
    }

    /** Every user's {@code algorithm hash}, by name. */
    @SuppressWarnings("unchecked")
    public Map<String, String> all() {
        EntityManager entityManager = factory.createEntityManager();
        try {
            Map<String, String> values = new TreeMap<>();
            for (Object[] row : (List<Object[]>) entityManager.createQuery(ALL).getResultList()) {
                values.put((String) row[0], row[1] + " " + row[2]);
            }
            return values;
        } finally {
            entityManager.close();
        }
    }

    /** The user's {@code algorithm hash}, if the user exists. */
    @SuppressWarnings("unchecked")
    public Optional<String> of(String name) {
        EntityManager entityManager = factory.createEntityManager();
        try {
            List<Object[]> rows = entityManager.createQuery(ONE).setParameter("name", name).getResultList();
            return rows.stream().findFirst().map(row -> row[0] + " " + row[1]);
        } finally {
            entityManager.close();
        }
    }

    /** Gives the user the stored {@code algorithm hash} {@code value}; creates the user if {@code create}. */
    public void write(String name, String value, boolean create) {
        int space = value.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("not an algorithm and a hash");
        }
        EntityManager entityManager = factory.createEntityManager();
        EntityTransaction transaction = entityManager.getTransaction();
        try {
            transaction.begin();
            if (create) {
                entityManager.persist(new JPAUser(name, "", PLACEHOLDER_ALGORITHM));
                entityManager.flush();
            }
            int updated = entityManager.createQuery(SET).setParameter("alg", value.substring(0, space))
                .setParameter("password", value.substring(space + 1)).setParameter("name", name).executeUpdate();
            if (updated != 1) {
                throw new IllegalStateException("user " + name + " is not stored");
            }
            transaction.commit();
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            entityManager.close();
        }
    }
}
