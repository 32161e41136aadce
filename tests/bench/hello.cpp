/** @file  @brief The floor of every process benchmark: a C++ hello-world (start, print, exit). */
#include <iostream>

int main()
{
    std::cout << "hello\n";
    return 0;
}
