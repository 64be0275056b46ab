// A specifier may hold a lone surrogate; the dump writes it as an escape.
import "\ud800";
import "\udc00";
import "\ud83d\ude00";
