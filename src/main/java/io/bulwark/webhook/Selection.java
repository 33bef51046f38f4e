package io.bulwark.webhook;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which parts of a JSON body a {@link JsonBodyReader} keeps in memory. Everything else is checked as it is
 * read and then dropped, so what a body costs beyond its own bytes is bounded by what its selection keeps.
 *
 * <p>A value found where an object or array is selected is kept as it is when it is a scalar, and as an
 * empty object or array when it is the other kind of container, so that the reader of the kept tree can
 * still say what was wrong with it. Immutable; share freely.
 */
final class Selection {

    /** Keeps a value as it is; of an object or an array, only that it is one (kept empty). */
    static final Selection VALUE = new Selection(Kind.VALUE, new String[0], new Selection[0], null, 0, top -> false);

    private enum Kind { VALUE, OBJECT, ARRAY }

    private final Kind kind;
    private final String[] names;
    private final Selection[] members;
    private final Selection item;
    private final int maxItems;
    private final Predicate<Map<String, JsonValue>> refuseExcessWhen;

    private Selection(Kind kind, String[] names, Selection[] members, Selection item, int maxItems,
                      Predicate<Map<String, JsonValue>> refuseExcessWhen) {
        this.kind = kind;
        this.names = names;
        this.members = members;
        this.item = item;
        this.maxItems = maxItems;
        this.refuseExcessWhen = refuseExcessWhen;
    }

    /** An object of which the named members are kept, each as its own selection says; the rest is dropped. */
    static Selection object(Map<String, Selection> members) {
        String[] names = new String[members.size()];
        Selection[] selections = new Selection[members.size()];
        int i = 0;
        for (Map.Entry<String, Selection> member : members.entrySet()) {
            names[i] = member.getKey();
            selections[i++] = member.getValue();
        }
        return new Selection(Kind.OBJECT, names, selections, null, 0, top -> false);
    }

    /**
     * An array of which the first {@code maxItems} items are kept, each as {@code item} says. Of any further
     * items only one is kept, as null: the kept array then reads as too long while its size stays bounded.
     * When {@code refuseExcessWhen} holds for the top-level members kept so far, the reader refuses the
     * first item too many at once instead.
     */
    static Selection array(int maxItems, Selection item, Predicate<Map<String, JsonValue>> refuseExcessWhen) {
        return new Selection(Kind.ARRAY, new String[0], new Selection[0], item, maxItems, refuseExcessWhen);
    }

    boolean isObject() {
        return kind == Kind.OBJECT;
    }

    boolean isArray() {
        return kind == Kind.ARRAY;
    }

    /** How many members an object selection names. */
    int memberCount() {
        return names.length;
    }

    String memberName(int index) {
        return names[index];
    }

    Selection member(int index) {
        return members[index];
    }

    Selection item() {
        return item;
    }

    int maxItems() {
        return maxItems;
    }

    boolean refusesExcess(Map<String, JsonValue> keptTopLevel) {
        return refuseExcessWhen.test(keptTopLevel);
    }
}
