package it;

/** The function: answers with what it is given. */
public class Echo {
    public String handleRequest(String input) {
        return input;
    }
}
